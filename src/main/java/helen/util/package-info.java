/**
 * Small shared helpers: user-facing errors, atomic file writes, exclusive locks, JSON, provenance stamps.
 * Depends on nothing else in helen.
 */
package helen.util;

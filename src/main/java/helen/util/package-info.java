/**
 * Small shared helpers: user-facing errors, atomic file writes, JSON, provenance stamps.
 * Depends on nothing else in helen.
 */
package helen.util;

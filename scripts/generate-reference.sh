#!/usr/bin/env bash
# Regenerates docs/reference/commands.md from the commands' picocli model (CommandReferenceTest fails
# while the committed page differs from what this writes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./helen --version >/dev/null   # builds target/helen.jar when the sources changed
exec java -cp "target/helen.jar:$(cat target/classpath.txt)" helen.cli.CommandReference docs/reference/commands.md

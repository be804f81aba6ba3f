#!/bin/sh
# Prisma's CLI insists that a native schema engine binary exists, even for `prisma generate`,
# which never runs it. This project migrates through the WASM schema engine instead.
echo "This project does not use Prisma's native schema engine." >&2
echo "Apply migrations with: npm run migrate" >&2
exit 1

import { defineConfig } from 'prisma/config';

// Only `prisma generate` uses this file: migrations run through the WASM schema engine
// (npm run migrate), which works offline and on the embedded database alike.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});

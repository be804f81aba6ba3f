// See package.json: `prisma dev` needs the real package and Node 22; nothing here uses it.
export async function startLocalDurableStreamsServer() {
  throw new Error('`prisma dev` is not supported in this project (its @prisma/streams-local needs Node 22).');
}

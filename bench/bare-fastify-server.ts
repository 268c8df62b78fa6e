// The baseline: a minimal Fastify server (the server's Fastify version, logger off) with one
// GET route answering a small JSON body. Run in its own process by bench/run.ts; it prints
// `listening <port>` once it accepts connections and exits on SIGTERM.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', () => ({ status: 'ok', service: 'bare-fastify' }));

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (typeof address !== 'object' || address === null) throw new Error('no listening address');
process.stdout.write(`listening ${address.port}\n`);

process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});

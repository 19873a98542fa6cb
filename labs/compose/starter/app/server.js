// The shop's web front: it answers on port 3000 and reports whether it can reach its database
// (DATABASE_HOST, PostgreSQL on 5432) and its cache (CACHE_HOST, Redis on 6379) by their names.
const http = require('node:http');
const net = require('node:net');

const db = process.env.DATABASE_HOST || 'db';
const cache = process.env.CACHE_HOST || 'cache';

/** Open a TCP connection, optionally send `hello`, resolve with the first bytes the server sends back. */
function probe(host, port, hello) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2000, () => done('no answer'));
    socket.on('error', (err) => done(err.code ?? err.message));
    socket.on('connect', () => (hello ? socket.write(hello) : done('ok')));
    socket.on('data', (d) => done(String(d).trim() === '+PONG' ? 'ok' : `unexpected reply ${JSON.stringify(String(d).trim())}`));
  });
}

const server = http.createServer(async (req, res) => {
  const [dbState, cacheState] = await Promise.all([probe(db, 5432), probe(cache, 6379, 'PING\r\n')]);
  const ok = dbState === 'ok' && cacheState === 'ok';
  res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' });
  res.end(`web: ok\ndatabase (${db}:5432): ${dbState}\ncache (${cache}:6379): ${cacheState}\n`);
});

server.listen(3000, () => console.log(`shop web on port 3000; database ${db}, cache ${cache}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

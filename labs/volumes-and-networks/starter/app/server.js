// A visit counter. Every visit to / adds one to "visits" in Redis and shows the total; the time of
// the first visit is kept too. /count shows the same without counting a visit. It finds Redis by
// the name in REDIS_HOST (default volnet-db), so it works when both containers are on the same
// user-defined network.
const http = require('node:http');
const net = require('node:net');

const redisHost = process.env.REDIS_HOST || 'volnet-db';
const port = Number(process.env.PORT || 3000);

/** Send Redis commands in one round trip; resolve with their replies (numbers, strings or null). */
function redis(...commands) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(6379, redisHost);
    const encode = (args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`;
    let buffer = '';
    socket.setTimeout(3000, () => socket.destroy(new Error(`no answer from ${redisHost}:6379`)));
    socket.on('connect', () => socket.write(commands.map(encode).join('')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk;
      const replies = parse(buffer);
      if (replies && replies.length === commands.length) {
        socket.end();
        const error = replies.find((r) => r instanceof Error);
        error ? reject(error) : resolve(replies);
      }
    });
  });
}

/** RESP replies: +simple, -error, :integer, $bulk (or $-1 for none). Null while a reply is incomplete. */
function parse(text) {
  const replies = [];
  let i = 0;
  while (i < text.length) {
    const end = text.indexOf('\r\n', i);
    if (end < 0) return null;
    const type = text[i];
    const value = text.slice(i + 1, end);
    i = end + 2;
    if (type === '+') replies.push(value);
    else if (type === '-') replies.push(new Error(value));
    else if (type === ':') replies.push(Number(value));
    else if (type === '$') {
      const length = Number(value);
      if (length < 0) replies.push(null);
      else {
        if (text.length < i + length + 2) return null;
        replies.push(text.slice(i, i + length));
        i += length + 2;
      }
    }
  }
  return replies;
}

const server = http.createServer(async (req, res) => {
  if (req.url !== '/' && req.url !== '/count') {
    res.writeHead(404).end('not found\n');
    return;
  }
  try {
    const [visits, since] =
      req.url === '/'
        ? (await redis(['SETNX', 'first_visit', Date.now()], ['INCR', 'visits'], ['GET', 'first_visit'])).slice(1)
        : await redis(['GET', 'visits'], ['GET', 'first_visit']);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(since ? `visits: ${visits} (counting since ${new Date(Number(since)).toISOString()})\n` : 'visits: 0 (no visits yet)\n');
  } catch (err) {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end(`cannot reach Redis at ${redisHost}:6379: ${err.code ?? err.message}\n`);
  }
});

server.listen(port, () => console.log(`visit counter on port ${port}, Redis at ${redisHost}:6379`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

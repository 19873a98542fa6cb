// The shop's web tier, a stand-in for your app. Setup puts it in the ConfigMap web-code.
// /healthz answers while the process runs (for the probes). Every other path reports whether the
// app really reaches its database (a PostgreSQL login as shop, password DATABASE_PASSWORD, at
// DATABASE_HOST) and its cache (a Redis PING at REDIS_HOST), one line each:
//   database postgres: ok (logged in to database shop as shop)
//   cache redis: ok (PONG)
// or the reason it does not, e.g. "cache redis: error (connect ECONNREFUSED 10.96.0.12:6379)".
const crypto = require('node:crypto');
const http = require('node:http');
const net = require('node:net');

const port = Number(process.env.PORT ?? 8080);
const database = { host: process.env.DATABASE_HOST, user: 'shop', name: 'shop', password: process.env.DATABASE_PASSWORD ?? '' };
const cache = { host: process.env.REDIS_HOST };

/** A TCP conversation: `onData(buffer, socket)` returns a result to finish with, or undefined to read on. */
function talk(host, tcpPort, start, onData) {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const socket = net.connect({ host, port: tcpPort });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(3000, () => done(`error (no answer within 3 s from ${host}:${tcpPort})`));
    socket.on('error', (err) => done(`error (${err.message})`));
    socket.on('connect', () => start(socket));
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      try {
        const result = onData(buffered, socket, (n) => (buffered = buffered.subarray(n)));
        if (result !== undefined) done(result);
      } catch (err) {
        done(`error (${err.message})`);
      }
    });
    socket.on('end', () => done(`error (${host}:${tcpPort} closed the connection)`));
  });
}

function pingRedis() {
  if (!cache.host) return Promise.resolve('error (REDIS_HOST is not set)');
  return talk(cache.host, 6379, (s) => s.write('PING\r\n'), (buf) => {
    const end = buf.indexOf('\r\n');
    if (end < 0) return undefined;
    const reply = buf.subarray(0, end).toString();
    return reply === '+PONG' ? 'ok (PONG)' : `error (Redis answered ${reply})`;
  });
}

/** One PostgreSQL protocol message: a type byte (none for the startup message), its length, its body. */
function message(type, body) {
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  return Buffer.concat([type ? Buffer.from(type) : Buffer.alloc(0), len, body]);
}
const cstr = (s) => Buffer.from(`${s}\0`);
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();

/** Log in to PostgreSQL as the shop user: the password methods its images use (scram-sha-256, md5, trust). */
function loginPostgres() {
  if (!database.host) return Promise.resolve('error (DATABASE_HOST is not set)');
  const nonce = crypto.randomBytes(18).toString('base64');
  const clientFirstBare = `n=,r=${nonce}`;
  let authMessage = '';
  let serverSignature;
  return talk(
    database.host,
    5432,
    (s) => s.write(message('', Buffer.concat([Buffer.from([0, 3, 0, 0]), cstr('user'), cstr(database.user), cstr('database'), cstr(database.name), Buffer.from([0])]))),
    (buf, s, consume) => {
      while (buf.length >= 5) {
        const type = String.fromCharCode(buf[0]);
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) return undefined;
        const body = buf.subarray(5, len + 1);
        buf = buf.subarray(len + 1);
        consume(len + 1);
        if (type === 'E') {
          const fields = Object.fromEntries(body.toString().split('\0').filter(Boolean).map((f) => [f[0], f.slice(1)]));
          return `error (${fields.M ?? 'PostgreSQL refused the login'})`;
        }
        if (type === 'Z') return `ok (logged in to database ${database.name} as ${database.user})`;
        if (type !== 'R') continue;
        const code = body.readInt32BE(0);
        if (code === 0) continue; // AuthenticationOk: ReadyForQuery follows
        if (code === 3) s.write(message('p', cstr(database.password)));
        else if (code === 5) {
          const inner = crypto.createHash('md5').update(database.password + database.user).digest('hex');
          s.write(message('p', cstr(`md5${crypto.createHash('md5').update(inner).update(body.subarray(4, 8)).digest('hex')}`)));
        } else if (code === 10) {
          const first = Buffer.from(`n,,${clientFirstBare}`);
          const len = Buffer.alloc(4);
          len.writeInt32BE(first.length);
          s.write(message('p', Buffer.concat([cstr('SCRAM-SHA-256'), len, first])));
        } else if (code === 11) {
          const serverFirst = body.subarray(4).toString();
          const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
          if (!attrs.r?.startsWith(nonce)) return 'error (the server answered SCRAM with a wrong nonce)';
          const salted = crypto.pbkdf2Sync(database.password.normalize('NFKC'), Buffer.from(attrs.s, 'base64'), Number(attrs.i), 32, 'sha256');
          const clientKey = hmac(salted, 'Client Key');
          const withoutProof = `c=biws,r=${attrs.r}`;
          authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
          const signature = hmac(crypto.createHash('sha256').update(clientKey).digest(), authMessage);
          const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i])).toString('base64');
          serverSignature = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
          s.write(message('p', Buffer.from(`${withoutProof},p=${proof}`)));
        } else if (code === 12) {
          if (body.subarray(4).toString() !== `v=${serverSignature}`) return 'error (the server proved a different password)';
        } else return `error (PostgreSQL asks for authentication method ${code}, which this app does not speak)`;
      }
      return undefined;
    },
  );
}

http
  .createServer(async (req, res) => {
    if (req.url === '/healthz') {
      res.end('ok\n');
      return;
    }
    const [db, redis] = await Promise.all([loginPostgres(), pingRedis()]);
    res.setHeader('content-type', 'text/plain');
    res.end(`shop: web tier in Pod ${process.env.HOSTNAME}\ndatabase ${database.host}: ${db}\ncache ${cache.host}: ${redis}\n`);
  })
  .listen(port, () => console.log(`shop listening on :${port}`));

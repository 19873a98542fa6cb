// The shop's web tier, a stand-in for your app: it answers /healthz and shows where it
// would find its database and cache. Setup puts it in the ConfigMap web-code.
const http = require('node:http');

const port = Number(process.env.PORT ?? 8080);
const config = {
  database: process.env.DATABASE_HOST ?? null,
  cache: process.env.REDIS_HOST ?? null,
  databasePasswordSet: Boolean(process.env.DATABASE_PASSWORD),
};

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.end('ok\n');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(`${JSON.stringify({ app: 'shop', ...config })}\n`);
  })
  .listen(port, () => console.log(`shop listening on :${port}`));

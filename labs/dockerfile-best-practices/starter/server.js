const http = require('node:http');

const port = Number(process.env.PORT || 3000);
// The token is a secret: it is given when the container starts (docker run -e API_TOKEN=…), never built in.
const token = process.env.API_TOKEN;

http
  .createServer((req, res) => {
    if (req.url === '/admin') {
      const ok = token && req.headers.authorization === `Bearer ${token}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'text/plain' });
      return res.end(ok ? 'welcome, admin\n' : 'unauthorized\n');
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Hello from a well-built image\n');
  })
  .listen(port, () => console.log(`greeter listening on port ${port}`));

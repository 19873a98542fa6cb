// A tiny HTTP server: answers every request with a greeting and the hostname,
// which inside a container is the container's ID.
const http = require('node:http');
const os = require('node:os');

const port = Number(process.env.PORT || 3000);
const greeting = process.env.GREETING || 'Hello from kubecamp';

http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${greeting} (served by ${os.hostname()})\n`);
  })
  .listen(port, () => console.log(`listening on port ${port}`));

// Exit promptly on `docker stop` (SIGTERM) instead of waiting to be killed.
process.on('SIGTERM', () => process.exit(0));

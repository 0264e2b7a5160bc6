// The PeerJS server (npm `peer`) as the benchmark runs it: its stock relay, with the connection cap raised
// past the idle-socket test (default 5,000) and a side port that reports what the benchmark samples.
// Usage: node --expose-gc peerjs-server.mjs PORT STATS_PORT
import http from 'node:http';
import { PeerServer } from 'peer';

const port = Number(process.argv[2] ?? 9000);
const statsPort = Number(process.argv[3] ?? port + 1);
let clients = 0;

const peer = PeerServer({ port, path: '/', key: 'peerjs', concurrent_limit: 1_000_000 });
peer.on('connection', () => { clients++; });
peer.on('disconnect', () => { clients--; });

// GET /stats → {"clients": n, "heapUsed": bytes after a full GC}: the same question jcmd answers for the JVM.
http.createServer((req, res) => {
  if (global.gc) global.gc();
  const body = JSON.stringify({ clients, heapUsed: process.memoryUsage().heapUsed });
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
}).listen(statsPort, '127.0.0.1');
console.log(`peerjs on ${port}, stats on ${statsPort}`);

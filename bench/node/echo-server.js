// A minimal MCP server (Streamable HTTP, JSON answers only) with one fast tool, `echo`: the
// backend of the router-overhead benchmark. Plain node, no packages, so that the backend costs
// as little CPU as possible and the proxies in front of it are what is measured.
// PORT (default 8000) and HOST (default 127.0.0.1) choose where it listens; POST/GET/DELETE on /mcp.
'use strict';
const http = require('http');
const crypto = require('crypto');

const port = Number(process.env.PORT || 8000);
const host = process.env.HOST || '127.0.0.1';
const sessions = new Set();
const TOOLS = JSON.stringify([{
  name: 'echo', description: 'Returns the text.',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  annotations: { readOnlyHint: true, idempotentHint: true },
}]);

function send(res, status, body, headers) {
  const bytes = body === undefined ? undefined : Buffer.from(body);
  res.writeHead(status, Object.assign(bytes ? { 'Content-Type': 'application/json', 'Content-Length': bytes.length }
    : { 'Content-Length': 0 }, headers || {}));
  res.end(bytes);
}

function answer(id, result) {
  return '{"jsonrpc":"2.0","id":' + JSON.stringify(id) + ',"result":' + result + '}';
}

const server = http.createServer((req, res) => {
  if (!req.url.startsWith('/mcp')) return send(res, 404, '{"error":"not found"}');
  if (req.method === 'GET') return send(res, 405, '{"error":"no GET stream"}');
  if (req.method === 'DELETE') {
    sessions.delete(req.headers['mcp-session-id']);
    return send(res, 200);
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let msg;
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      return send(res, 400, '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}');
    }
    if (msg.method === 'initialize') {
      const id = crypto.randomBytes(16).toString('hex');
      sessions.add(id);
      const version = (msg.params && msg.params.protocolVersion) || '2025-06-18';
      return send(res, 200, answer(msg.id, JSON.stringify({
        protocolVersion: version, capabilities: { tools: {} },
        serverInfo: { name: 'bench-echo', version: '1' },
      })), { 'Mcp-Session-Id': id });
    }
    const sid = req.headers['mcp-session-id'];
    if (!sid || !sessions.has(sid)) {
      return send(res, 404, '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"unknown session"}}');
    }
    if (msg.id === undefined) return send(res, 202);
    switch (msg.method) {
      case 'ping': return send(res, 200, answer(msg.id, '{}'));
      case 'tools/list': return send(res, 200, answer(msg.id, '{"tools":' + TOOLS + '}'));
      case 'tools/call': {
        const text = msg.params && msg.params.arguments ? String(msg.params.arguments.text) : '';
        return send(res, 200, answer(msg.id, '{"content":[{"type":"text","text":' + JSON.stringify(text) + '}]}'));
      }
      default:
        return send(res, 200, '{"jsonrpc":"2.0","id":' + JSON.stringify(msg.id)
          + ',"error":{"code":-32601,"message":"method not found"}}');
    }
  });
});
server.keepAliveTimeout = 60000;
server.listen(port, host, () => console.log('bench-echo listening on ' + host + ':' + port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

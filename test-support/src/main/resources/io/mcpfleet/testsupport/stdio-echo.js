// stdio-echo: a tiny MCP server over stdio (newline-delimited JSON-RPC), for benchmarks and for
// the bridge's bad-input tests. No dependencies: node and nothing else.
//
// MODE (environment):
//   normal   answers at once (the default)
//   garbage  writes garbage, a broken JSON line and its answers in two halves
//   silent   never answers initialize (nor anything else)
//   exit     exits at once, before reading anything
//   huge     writes a line of HUGE_BYTES (default 8 MiB) before each answer
//   modern   speaks MCP 2026-07-28 only: answers server/discover, has no initialize or ping, refuses a
//            request whose _meta names no protocol version, adds resultType to its results; echo returns
//            its text and the clientInfo name of the request's _meta ("<text> from <name>"); one more tool,
//            ask {question}: input_required (a form elicitation keyed "answer", requestState "ask:<question>")
//            whatever the client declared (it plays a server that does not check), then "heard <answer>"
// Tools: echo {text}; slow {text, ms, steps} (progress every step when asked, then the text);
// sample {prompt} (asks the client for a sampling/createMessage and returns its text; a cancellation
// while it waits is said on stderr with its prompt); crash (exits).
'use strict';
const readline = require('readline');

const mode = process.env.MODE || 'normal';
if (mode === 'exit') {
  process.stderr.write('stdio-echo: exiting at once (MODE=exit)\n');
  process.exit(3);
}
const hugeBytes = parseInt(process.env.HUGE_BYTES || String(8 * 1024 * 1024), 10);
let nextId = 1;
const waiting = new Map();
// Slow calls in progress, by request id: a cancellation stops one (and says so on stderr).
const running = new Map();
// Sampling calls waiting for the client, by request id: their prompt (said when one is cancelled).
const sampling = new Map();
// In garbage mode answers go out in two halves, some milliseconds apart; one after the other, never mixed.
let halves = Promise.resolve();

function write(text) {
  process.stdout.write(text);
}

function send(message) {
  const line = JSON.stringify(message) + '\n';
  if (mode === 'huge') {
    write('{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"'
      + 'x'.repeat(hugeBytes) + '"}}\n');
  }
  if (mode === 'garbage') {
    halves = halves.then(() => new Promise((done) => {
      write('stdio-echo says hello on stdout\n');
      write('{"jsonrpc":"2.0","id":\n');
      const half = Math.floor(line.length / 2);
      write(line.slice(0, half));
      setTimeout(() => {
        write(line.slice(half));
        done();
      }, 5);
    }));
    return;
  }
  write(line);
}

const MODERN = '2026-07-28';
const META_VERSION = 'io.modelcontextprotocol/protocolVersion';

function result(id, value) {
  if (mode === 'modern') {
    value.resultType = 'complete';
  }
  send({ jsonrpc: '2.0', id, result: value });
}

function text(value) {
  return { content: [{ type: 'text', text: String(value) }] };
}

const TOOLS = [
  { name: 'echo', description: 'Returns its text.', annotations: { readOnlyHint: true },
    inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
  { name: 'slow', description: 'Returns its text after ms milliseconds, with progress in steps.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' }, ms: { type: 'integer' },
      steps: { type: 'integer' } } } },
  { name: 'sample', description: 'Asks the client to sample a message and returns its text.',
    inputSchema: { type: 'object', properties: { prompt: { type: 'string' } } } },
  { name: 'crash', description: 'Exits the process.', inputSchema: { type: 'object' } },
];
const ASK = { name: 'ask', description: 'Asks the client a question (input_required), then says what it heard.',
  inputSchema: { type: 'object', properties: { question: { type: 'string' } } } };

function call(id, params) {
  const args = params.arguments || {};
  const token = params._meta && params._meta.progressToken;
  switch (params.name) {
    case 'echo': {
      const client = mode === 'modern' && params._meta && params._meta['io.modelcontextprotocol/clientInfo'];
      return result(id, text(client ? args.text + ' from ' + client.name : args.text));
    }
    case 'slow': {
      const steps = Math.max(1, args.steps || 1);
      const every = Math.max(0, args.ms || 0) / steps;
      let step = 0;
      const tick = () => {
        step++;
        if (!running.has(id)) {
          return;
        }
        if (token !== undefined) {
          send({ jsonrpc: '2.0', method: 'notifications/progress',
            params: { progressToken: token, progress: step, total: steps } });
        }
        if (step >= steps) {
          running.delete(id);
          result(id, text(args.text));
        } else {
          running.set(id, setTimeout(tick, every));
        }
      };
      running.set(id, setTimeout(tick, every));
      return;
    }
    case 'ask': {
      if (mode !== 'modern') {
        break;
      }
      const answer = params.inputResponses && params.inputResponses.answer;
      if (answer && answer.content) {
        return result(id, text('heard ' + answer.content.answer + ' (state ' + params.requestState + ')'));
      }
      return send({ jsonrpc: '2.0', id, result: { resultType: 'input_required', requestState: 'ask:' + args.question,
        inputRequests: { answer: { method: 'elicitation/create', params: { mode: 'form', message: String(args.question),
          requestedSchema: { type: 'object', properties: { answer: { type: 'string' } } } } } } } });
    }
    case 'sample': {
      const asked = 'echo-' + nextId++;
      sampling.set(id, { asked, prompt: String(args.prompt) });
      waiting.set(asked, (answer) => sampling.delete(id) && result(id, answer.result
        ? text(answer.result.content && answer.result.content.text)
        : { content: [{ type: 'text', text: 'sampling failed: ' + JSON.stringify(answer.error) }], isError: true }));
      return send({ jsonrpc: '2.0', id: asked, method: 'sampling/createMessage',
        params: { messages: [{ role: 'user', content: { type: 'text', text: String(args.prompt) } }], maxTokens: 10 } });
    }
    case 'crash':
      process.stderr.write('stdio-echo: crashing on request\n');
      return process.exit(1);
  }
  return send({ jsonrpc: '2.0', id, error: { code: -32602, message: 'unknown tool ' + params.name } });
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    process.stderr.write('stdio-echo: not JSON: ' + line.slice(0, 80) + '\n');
    return;
  }
  if (message.method === undefined) {
    const answered = waiting.get(message.id);
    if (answered) {
      waiting.delete(message.id);
      answered(message);
    }
    return;
  }
  if (message.method === 'notifications/cancelled' && message.params) {
    const timer = running.get(message.params.requestId);
    if (timer !== undefined) {
      clearTimeout(timer);
      running.delete(message.params.requestId);
      process.stderr.write('stdio-echo: cancelled request ' + message.params.requestId + '\n');
    }
    const sample = sampling.get(message.params.requestId);
    if (sample !== undefined) {
      sampling.delete(message.params.requestId);
      waiting.delete(sample.asked);
      process.stderr.write('stdio-echo: cancelled sampling request ' + message.params.requestId + ' (prompt: '
        + sample.prompt + ')\n');
    }
    return;
  }
  if (message.id === undefined || mode === 'silent') {
    return;
  }
  if (mode === 'modern') {
    const meta = message.params && message.params._meta;
    if (message.method === 'initialize' || message.method === 'ping') {
      return send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: message.method
        + ' does not exist in MCP ' + MODERN } });
    }
    if (!meta || meta[META_VERSION] !== MODERN) {
      return send({ jsonrpc: '2.0', id: message.id, error: { code: -32022, message: 'Unsupported protocol version',
        data: { supported: [MODERN], requested: meta ? meta[META_VERSION] : null } } });
    }
    if (message.method === 'server/discover') {
      return result(message.id, { supportedVersions: [MODERN], capabilities: { tools: {} },
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'stdio-echo', version: '1' } } });
    }
  }
  switch (message.method) {
    case 'initialize':
      return result(message.id, { protocolVersion: message.params.protocolVersion,
        capabilities: { tools: { listChanged: true } }, serverInfo: { name: 'stdio-echo', version: '1' } });
    case 'ping':
      return result(message.id, {});
    case 'tools/list':
      return result(message.id, { tools: mode === 'modern' ? TOOLS.concat([ASK]) : TOOLS });
    case 'tools/call':
      return call(message.id, message.params || {});
    default:
      return send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'no method ' + message.method } });
  }
}).on('close', () => process.exit(0));

process.stderr.write('stdio-echo: ready (MODE=' + mode + ')\n');

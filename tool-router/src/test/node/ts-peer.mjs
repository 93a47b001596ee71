// A test peer nobody here wrote: the MCP TypeScript SDK 2.x client in its 2026-07-28 mode.
// usage: node ts-peer.mjs <mcp url> <auto|pin|ask> <tool> <text>
// Prints one JSON line: the era it settled on, server/discover, the first tools/list page, the call.
// ask: pinned, declares elicitation and sampling and answers them ("ts:" + the question), so a
// server's question comes back as input_required rounds the SDK fulfils by itself.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, mode, tool, text] = process.argv.slice(2);
const asks = mode === 'ask';
const client = new Client({ name: 'ts-sdk-peer', version: '2.4.0' },
    { versionNegotiation: { mode: mode === 'auto' ? 'auto' : { pin: '2026-07-28' } },
      capabilities: asks ? { elicitation: { form: {} }, sampling: {} } : {} });
if (asks) {
    client.setRequestHandler('elicitation/create', async request =>
        ({ action: 'accept', content: { answer: 'ts:' + request.params.message } }));
    client.setRequestHandler('sampling/createMessage', async request => ({ role: 'assistant',
        content: { type: 'text', text: 'ts:' + request.params.messages[0].content.text }, model: 'ts-peer',
        stopReason: 'endTurn' }));
}
try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const discovered = await client.discover();
    const tools = await client.listTools();
    const called = await client.callTool({ name: tool,
        arguments: asks ? { message: text, prompt: text } : { text } });
    console.log(JSON.stringify({
        protocolVersion: client.getNegotiatedProtocolVersion() ?? null,
        era: client.getProtocolEra() ?? null,
        discovered,
        tools: tools.tools.map(t => t.name),
        ttlMs: tools.ttlMs ?? null,
        called,
    }));
    await client.close();
} catch (e) {
    console.log(JSON.stringify({ error: String(e && e.stack || e) }));
    process.exitCode = 1;
}

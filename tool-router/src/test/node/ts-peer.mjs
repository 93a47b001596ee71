// A test peer nobody here wrote: the MCP TypeScript SDK 2.x client in its 2026-07-28 mode.
// usage: node ts-peer.mjs <mcp url> <auto|pin> <tool> <text>
// Prints one JSON line: the era it settled on, server/discover, the first tools/list page, the call.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, mode, tool, text] = process.argv.slice(2);
const client = new Client({ name: 'ts-sdk-peer', version: '2.4.0' },
    { versionNegotiation: { mode: mode === 'pin' ? { pin: '2026-07-28' } : 'auto' } });
try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const discovered = await client.discover();
    const tools = await client.listTools();
    const called = await client.callTool({ name: tool, arguments: { text } });
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

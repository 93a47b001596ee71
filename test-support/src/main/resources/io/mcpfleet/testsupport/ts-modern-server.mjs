// A stdio MCP server on the TypeScript SDK 2.x (@modelcontextprotocol/server, pinned by
// scripts/ts-server-image.sh): the SDK's own serveStdio, which picks the era from the opening
// exchange. LEGACY=reject (the image's default) refuses a 2025 opening, so the server speaks only
// MCP 2026-07-28; LEGACY=serve lets it serve both eras.
// Tools: echo {text} ("<text> from <clientInfo name>"); ask {question} (input_required: a form
// elicitation "answer", then "heard <answer>"). Prompt: greet {name}. Resources: ts://notes and the
// template ts://items/{item} (its item completes from "apple", "apricot", "banana").
import { McpServer, ResourceTemplate, completable, inputRequired, acceptedContent } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';

const ITEMS = ['apple', 'apricot', 'banana'];

function server() {
    const s = new McpServer({ name: 'ts-modern-server', version: '2.4.0' });
    s.registerTool('echo', { description: 'returns its text and who asked', inputSchema: z.object({ text: z.string() }) },
        async ({ text }, ctx) => {
            const envelope = ctx.mcpReq.envelope ?? {};
            const who = (envelope['io.modelcontextprotocol/clientInfo'] ?? envelope.clientInfo)?.name ?? 'someone';
            return { content: [{ type: 'text', text: text + ' from ' + who }] };
        });
    s.registerTool('ask', { description: 'asks the client a question (input_required)',
            inputSchema: z.object({ question: z.string() }) },
        async ({ question }, ctx) => {
            const answer = acceptedContent(ctx.mcpReq.inputResponses, 'answer');
            if (answer === undefined) {
                return inputRequired({ inputRequests: { answer: inputRequired.elicit({ message: question,
                    requestedSchema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } }) } });
            }
            return { content: [{ type: 'text', text: 'heard ' + answer.answer }] };
        });
    s.registerPrompt('greet', { description: 'a greeting',
            argsSchema: z.object({ name: completable(z.string(), v => ['alice', 'bob'].filter(n => n.startsWith(v))) }) },
        ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: 'Hello, ' + name + ', from TypeScript' } }] }));
    s.registerResource('notes', 'ts://notes', { mimeType: 'text/plain', description: 'notes' },
        async uri => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'notes from TypeScript' }] }));
    s.registerResource('item', new ResourceTemplate('ts://items/{item}', { list: undefined,
            complete: { item: v => ITEMS.filter(i => i.startsWith(v)) } }),
        { mimeType: 'text/plain', description: 'an item' },
        async (uri, { item }) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'item ' + item + ' from TypeScript' }] }));
    return s;
}

serveStdio(server, { legacy: process.env.LEGACY === 'serve' ? 'serve' : 'reject',
    onerror: e => process.stderr.write('ts-modern-server: ' + e.message + '\n') });
process.stderr.write('ts-modern-server: ready\n');

// Drives Orchestra's MCP endpoint with the official TypeScript SDK's client over Streamable
// HTTP, as an MCP host application would: initialize, list tools, call one (with progress),
// call a failing one, call an unknown one, end the session. Exits non-zero on any mismatch.
//
//   node mcp-sdk-client.mjs URL BEARER GREETING_TOOL FAILING_TOOL
//
// The C++ test (tests/integration/McpEndpoint_test.cpp) copies this file next to the SDK's
// node_modules, because ES modules resolve packages from where the importing file lives.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, bearer, greetingTool, failingTool] = process.argv.slice(2);
let failures = 0;
function check(condition, what, detail) {
  if (condition) {
    console.log(`ok: ${what}`);
  } else {
    failures += 1;
    console.log(`MISMATCH: ${what}: ${JSON.stringify(detail)}`);
  }
}

const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
});
const client = new Client({ name: "orchestra-sdk-test", version: "1.0.0" });
await client.connect(transport);
const server = client.getServerVersion();
check(server?.name === "orchestra", "initialize names the server", server);
check(client.getServerCapabilities()?.tools !== undefined, "the server offers tools",
      client.getServerCapabilities());
check(typeof transport.sessionId === "string" && transport.sessionId.length > 0,
      "a session id was issued", transport.sessionId);

const { tools } = await client.listTools();
const greeting = tools.find((tool) => tool.name === greetingTool);
check(greeting !== undefined, "listTools has the greeting workflow", tools.map((t) => t.name));
check(greeting?.inputSchema?.type === "object" && greeting?.inputSchema?.properties?.name,
      "its inputSchema is the workflow's", greeting?.inputSchema);

const progress = [];
const called = await client.callTool({ name: greetingTool, arguments: { name: "Ada" } }, undefined,
                                      { onprogress: (update) => progress.push(update) });
check(called.isError !== true, "the greeting call succeeded", called);
check(called.structuredContent?.message === "Hello, Ada!", "its output is structured",
      called.structuredContent);
check(called.content?.[0]?.type === "text" && called.content[0].text.includes("Hello, Ada!"),
      "its output is also text", called.content);
check(progress.length > 0 && progress.every((update, i) => i === 0 ||
                                            update.progress > progress[i - 1].progress),
      "progress notifications arrived, increasing", progress);

const failed = await client.callTool({ name: failingTool, arguments: {} });
check(failed.isError === true, "a failing workflow is an error result", failed);

let unknownCode;
try {
  await client.callTool({ name: "no_such_tool_00000000", arguments: {} });
} catch (error) {
  unknownCode = error.code;
}
check(unknownCode === -32602, "an unknown tool is JSON-RPC error -32602", unknownCode);

await transport.terminateSession();
await client.close();
console.log(failures === 0 ? "ALL CHECKS PASSED" : `${failures} MISMATCH(ES)`);
process.exit(failures === 0 ? 0 : 1);

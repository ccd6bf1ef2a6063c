// Drives a running ModelGate with the official OpenAI JavaScript SDK.
// Usage: node chat.mjs BASE_URL API_KEY MODEL   (BASE_URL ends in /v1)
// Prints one JSON line with what the SDK saw; exits non-zero on any SDK error.
import OpenAI from "openai";

const [baseURL, apiKey, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });

const completion = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Hello from JavaScript" }],
});

let streamed = "";
let usage = null;
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Streamed from JavaScript" }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  usage = chunk.usage ?? usage;
}

const models = [];
for await (const entry of client.models.list()) {
  models.push(entry.id);
}

let errorStatus = null;
try {
  await client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] });
} catch (error) {
  errorStatus = { status: error.status, code: error.code, type: error.type };
}

console.log(JSON.stringify({
  content: completion.choices[0].message.content,
  streamed,
  totalTokens: usage?.total_tokens ?? null,
  models,
  error: errorStatus,
}));

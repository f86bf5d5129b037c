// Scores records with an exported streamtrain graph in ONNX Runtime for Node.js, outside the JVM.
// Usage: node score.mjs GRAPH.onnx REQUEST.json, where REQUEST.json is
// {"features": [{"name": ..., "type": "NUMERIC|BOOLEAN|CATEGORICAL"}], "rows": [[value, ...], ...]}
// (null is a missing value). Prints {"label": [...], "probabilities": [[...]], "value": [...]} (the graph's outputs).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(process.cwd() + '/');
const ort = require('onnxruntime-node');
const [graphPath, requestPath] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestPath, 'utf8'));
const n = request.rows.length;
const feeds = {};
request.features.forEach((feature, f) => {
  const column = request.rows.map(row => row[f]);
  feeds[feature.name] = feature.type === 'CATEGORICAL'
    ? new ort.Tensor('string', column.map(v => v === null ? '' : String(v)), [n, 1])
    : new ort.Tensor('float64', Float64Array.from(column, v => v === null ? NaN : Number(v)), [n, 1]);
});
const session = await ort.InferenceSession.create(readFileSync(graphPath));
const results = await session.run(feeds);
const out = {};
for (const [name, tensor] of Object.entries(results)) {
  const data = Array.from(tensor.data);
  out[name] = tensor.dims.length === 2
    ? Array.from({ length: tensor.dims[0] }, (_, i) => data.slice(i * tensor.dims[1], (i + 1) * tensor.dims[1]))
    : data;
}
process.stdout.write(JSON.stringify(out));

/**
 * Worker thread that builds one HNSW shard off the main thread, so a large ingest uses every
 * core (hnswlib-node's addPoint is synchronous and single-threaded). Plain JavaScript: worker
 * threads cannot load TypeScript through tsx on Node 20, and this file's job is small.
 *
 * workerData: { dimension, m, efConstruction, capacity, seed, addon? } (addon: the file of the
 * hnswlib-node build the parent uses; absent: the package's own)
 * in:  { type: 'add', labels: Int32Array, vectors: Float32Array }  → out { type: 'added', count }
 *      { type: 'save', file }                                      → out { type: 'saved', count }
 * A failure is thrown, which reaches the parent as the worker's 'error' event.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const { dimension, m, efConstruction, capacity, seed, addon } = workerData;
const hnswlib = createRequire(import.meta.url)(addon ?? 'hnswlib-node');
const index = new hnswlib.HierarchicalNSW('cosine', dimension);
index.initIndex({ maxElements: Math.max(16, capacity), m, efConstruction, randomSeed: seed });

const row = new Array(dimension);
parentPort.on('message', (msg) => {
  if (msg.type === 'add') {
    const { labels, vectors } = msg;
    for (let i = 0; i < labels.length; i++) {
      if (index.getCurrentCount() >= index.getMaxElements()) index.resizeIndex(index.getMaxElements() * 2);
      const o = i * dimension;
      for (let j = 0; j < dimension; j++) row[j] = vectors[o + j];
      index.addPoint(row, labels[i]);
    }
    parentPort.postMessage({ type: 'added', count: labels.length });
  } else if (msg.type === 'save') {
    index.writeIndexSync(msg.file);
    parentPort.postMessage({ type: 'saved', count: index.getCurrentCount() });
  } else {
    throw new Error(`unknown message ${msg && msg.type}`);
  }
});

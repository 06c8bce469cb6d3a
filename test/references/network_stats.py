"""Connectivity and firing-rate statistics of the two anchor benchmark networks.

Reference values the isocline network tests can check against.  Nothing is
re-implemented here: the anchor scripts (izh2003.py, seed_cond_net.py in
../shared/anchors relative to the repository root) are imported as modules and
their own build / run functions are called.

  * seed_cond_net, N=1000 (seeds 1..5; seed 1 is the benchmark network):
    recurrent in-degree (Bernoulli p=50/N over all ordered pairs, autapses
    allowed), mean recurrent weight per pathway (exc->*, exc->exc, exc->inh,
    inh->exc (x3), inh->inh; w ~ Gamma(2, 0.003)), input in-degree (100 Poisson
    sources, p=0.1); plus the numpy_event spike rate over the same seeds.
  * izh2003 dense N=1000: mean rate over seeds 1..5 (numpy impl; network and
    noise both follow --seed), with spread (sample std, min, max).
  * izh2003 sparse (K=100) N=10000: mean rate over seeds 1..3, same.
Rates come from the numpy implementation (numpy RNG); Brian2 uses its own RNG and
gives a different realisation (e.g. 7.69 vs 7.46 Hz at N=1000 dense, seed 1), so
compare rates with a tolerance of a few spreads, not spike counts.

Needs Debian's Python with numpy/scipy (apt: python3-numpy python3-scipy):
  /usr/bin/python3 test/references/network_stats.py > test/references/network_stats.json
(run from the repository root; takes ~10-30 s).
"""
import json
import os
import statistics
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ANCHORS = os.path.abspath(os.path.join(REPO, "..", "shared", "anchors"))

if not os.path.isfile(os.path.join(ANCHORS, "izh2003.py")) or \
        not os.path.isfile(os.path.join(ANCHORS, "seed_cond_net.py")):
    sys.exit(f"network_stats.py: anchor scripts not found in {ANCHORS} "
             "(expected izh2003.py and seed_cond_net.py next to the repository, in ../shared/anchors)")
try:
    import numpy as np
except ImportError:
    sys.exit("network_stats.py: numpy missing; run with Debian's /usr/bin/python3 "
             "after `apt-get install python3-numpy python3-scipy`")

sys.path.insert(0, ANCHORS)
import izh2003  # noqa: E402
import seed_cond_net  # noqa: E402


def spread(xs):
    xs = [float(x) for x in xs]
    return dict(mean=statistics.fmean(xs), std=statistics.stdev(xs) if len(xs) > 1 else 0.0,
                min=min(xs), max=max(xs), values=xs)


# --------------------------------------------------------------------------- seed_cond_net
def seed_stats(N=1000, seeds=(1, 2, 3, 4, 5)):
    per_seed = []
    for s in seeds:
        P = seed_cond_net.build(N, s)
        inh = P["inh"]
        pre, post, w = P["pre"], P["post"], P["w"]
        ie, ii = inh[pre], inh[post]
        indeg = np.bincount(post, minlength=N)
        in_indeg = np.bincount(P["in_post"], minlength=N)
        path = {"exc_to_all": ~ie, "exc_to_exc": ~ie & ~ii, "exc_to_inh": ~ie & ii,
                "inh_to_exc": ie & ~ii, "inh_to_inh": ie & ii, "inh_to_all": ie}
        args = types.SimpleNamespace(N=N, T=1000.0, seed=s, np_mode="auto")
        r = seed_cond_net.run_numpy(args, P, event=True)
        per_seed.append(dict(
            seed=s,
            n_syn_rec=int(w.size),
            rec_indeg_mean=float(indeg.mean()),
            rec_indeg_std=float(indeg.std()),
            rec_indeg_from_exc_mean=float(np.bincount(post[~ie], minlength=N).mean()),
            rec_indeg_from_inh_mean=float(np.bincount(post[ie], minlength=N).mean()),
            autapses=int((pre == post).sum()),
            w_mean={k: float(w[m].mean()) for k, m in path.items()},
            w_std={k: float(w[m].std()) for k, m in path.items()},
            n_syn={k: int(m.sum()) for k, m in path.items()},
            n_syn_in=int(P["in_pre"].size),
            in_indeg_mean=float(in_indeg.mean()),
            in_indeg_std=float(in_indeg.std()),
            spikes_numpy_event=int(r["spikes"]),
            input_spikes=int(r["input_spikes"]),
            rate_hz=r["spikes"] / N / 1.0,
        ))
    keys = ["rec_indeg_mean", "rec_indeg_from_exc_mean", "rec_indeg_from_inh_mean", "in_indeg_mean", "rate_hz"]
    p = min(1.0, 50.0 / N)
    return dict(
        N=N, seeds=list(seeds), T_ms=1000.0, dt_ms=seed_cond_net.DT,
        expected=dict(
            rec_indeg_mean=N * p, rec_indeg_std=(N * p * (1 - p)) ** 0.5,
            rec_indeg_from_exc_mean=0.8 * N * p, rec_indeg_from_inh_mean=0.2 * N * p,
            w_mean=dict(exc_to_all=2 * 0.003, exc_to_exc=2 * 0.003, exc_to_inh=2 * 0.003,
                        inh_to_exc=3 * 2 * 0.003, inh_to_inh=2 * 0.003),
            w_std_gamma=(2 ** 0.5) * 0.003,
            in_indeg_mean=seed_cond_net.NIN * seed_cond_net.P_IN,
            in_indeg_std=(seed_cond_net.NIN * seed_cond_net.P_IN * (1 - seed_cond_net.P_IN)) ** 0.5,
            w_in=seed_cond_net.W_IN,
            note="Bernoulli p=50/N over all N*N ordered pairs (autapses allowed); w ~ Gamma(k=2, theta=0.003), "
                 "inh->exc tripled; inputs: 100 sources x N, p=0.1, w=0.07",
        ),
        seed1=per_seed[0],
        across_seeds={k: spread([d[k] for d in per_seed]) for k in keys} | {
            "w_mean": {k: spread([d["w_mean"][k] for d in per_seed]) for k in per_seed[0]["w_mean"]}},
        per_seed=per_seed,
    )


# --------------------------------------------------------------------------- izh2003
def izh_build(N, seed, conn, K=100):
    """Same parameter/connectivity construction as izh2003.main() (same rng order)."""
    rng, Ne, Ni, a, b, c, d, sigma = izh2003.make_params(N, seed)
    dense = conn == "dense"
    P = dict(a=a, b=b, c=c, d=d, sigma=sigma, dense=dense, Ne=Ne, Ni=Ni, noise=None)
    if dense:
        P["S"] = izh2003.make_dense(rng, N, Ne, Ni)
        P["pre"], P["post"], P["w"] = izh2003.dense_to_lists(P["S"])
    else:
        P["pre"], P["post"], P["w"] = izh2003.make_sparse(rng, N, Ne, Ni, K)
    return P


def izh_rates(N, conn, seeds, T=1000, K=100):
    per_seed = []
    for s in seeds:
        P = izh_build(N, s, conn, K)
        Ne = P["Ne"]
        args = types.SimpleNamespace(N=N, T=T, seed=s)
        r = izh2003.run_numpy(args, P)
        cnt = r["counts"]
        w, pre = P["w"], P["pre"]
        per_seed.append(dict(
            seed=s, spikes=int(r["spikes"]), rate_hz=r["spikes"] / N / (T / 1000.0),
            rate_exc_hz=float(cnt[:Ne].sum() / Ne / (T / 1000.0)),
            rate_inh_hz=float(cnt[Ne:].sum() / (N - Ne) / (T / 1000.0)),
            n_syn=int(w.size), w_exc_mean=float(w[pre < Ne].mean()), w_inh_mean=float(w[pre >= Ne].mean()),
            summed_w_per_post_mean=float(np.bincount(P["post"], weights=w, minlength=N).mean()),
        ))
    out = dict(N=N, conn=conn, K=None if conn == "dense" else K, T_ms=T, seeds=list(seeds), impl="numpy")
    for k in ["rate_hz", "rate_exc_hz", "rate_inh_hz", "spikes"]:
        out[k] = spread([d[k] for d in per_seed])
    if conn == "dense":
        out["expected"] = dict(w_exc_mean=0.25, w_inh_mean=-0.5, summed_w_per_post=0.25 * 0.8 * N - 0.5 * 0.2 * N,
                               note="S = [0.5*rand(N,Ne), -rand(N,Ni)], all-to-all incl. self")
    else:
        sc = 1000.0 / K
        out["expected"] = dict(indeg_exc=int(round(0.8 * K)), indeg_inh=K - int(round(0.8 * K)),
                               w_exc_mean=0.25 * sc, w_inh_mean=-0.5 * sc,
                               summed_w_per_post=0.25 * sc * 0.8 * K - 0.5 * sc * 0.2 * K,
                               note="exactly 0.8K distinct exc + 0.2K distinct inh presynaptic partners per neuron, "
                                    "weights x(1000/K)")
    out["per_seed"] = per_seed
    return out


def main():
    res = dict(
        generated_by="test/references/network_stats.py (imports ../shared/anchors/izh2003.py, seed_cond_net.py)",
        numpy=np.__version__,
        seed_cond_net_N1000=seed_stats(1000, (1, 2, 3, 4, 5)),
        izh2003_dense_N1000=izh_rates(1000, "dense", (1, 2, 3, 4, 5)),
        izh2003_sparse_N10000=izh_rates(10000, "sparse", (1, 2, 3)),
    )
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()

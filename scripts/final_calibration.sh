#!/usr/bin/env bash
# Issue 16's final calibration on the final model, in one command (docs/calibration.md,
# "The committed posterior"):
#
#   scripts/final_calibration.sh [--point median|map] [--budget N] [--waves W] [--skip-backtest] [--smoke]
#
# --smoke checks the pipeline in a few minutes: budget 8 at scale 0.003 into
# results/final-calibration-smoke/, without --write-calibration, done_means at scale 0.01
# with one seed and no history, and no update of the stored baseline.
#
# 1. history matching over every sampled parameter (search.FITTED without the technical
#    demand growth, which stays at the SMM point; the levers' deadweight shares are carried
#    as prior draws, bayes.PRIOR_ONLY), budget 80 in 2 waves, scale 0.05, 2 workers,
#    --write-calibration: replaces calibration/posterior.csv and calibration/calibrated.toml
#    (the baseline's point: --point, default median), then copies the report into
#    calibration/report/ (bayes.md, posterior_marginals.png, posterior_predictive.csv,
#    bayes_run.json);
# 2. the backtest at the latest cutoff the data allow (2018) with the same parameter set;
# 3. scripts/done_means.py (issue 14's criteria at the new point);
# 4. scripts/update_baseline.py (the stored baseline; commit it with the reason).
#
# Runs already in results/final-calibration/report/evaluations.jsonl with the same model
# code are reused, so `--point map` after a median run only repeats the predictive check.
# Every step's output goes to results/final-calibration/log-<step>.txt as well as the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SK=.venv/bin/skillsim
POINT=median
BACKTEST=1
SMOKE=0
BUDGET_OPT=""
WAVES=2
while [ $# -gt 0 ]; do
    case "$1" in
        --point) POINT="${2:-}"; shift 2 ;;
        --skip-backtest) BACKTEST=0; shift ;;
        --smoke) SMOKE=1; shift ;;
        --budget) BUDGET_OPT="${2:-}"; shift 2 ;;
        --waves) WAVES="${2:-}"; shift 2 ;;
        *) echo "final_calibration.sh: unknown option $1; allowed: --point median|map, --budget N, --waves W, --skip-backtest, --smoke" >&2; exit 2 ;;
    esac
done
if [ "$SMOKE" = 1 ]; then
    OUT=results/final-calibration-smoke; BUDGET=8; SCALE=0.003; WRITE=""; BT_BUDGET=6; BT_SCALE=0.003
    DM_ARGS="--scale 0.01 --seeds 1 --no-history --cache $OUT/done-means"; PRED="--predictive-draws 3"
else
    OUT=results/final-calibration; BUDGET=80; SCALE=0.05; WRITE="--write-calibration"; BT_BUDGET=40; BT_SCALE=0.005
    DM_ARGS=""; PRED=""
fi
[ -n "$BUDGET_OPT" ] && BUDGET=$BUDGET_OPT
mkdir -p "$OUT"
# the sampled parameters: every fitted parameter except the technical demand growth
PARAMS=$($PY -c "from skillsim.calibration.search import FITTED; print(','.join(f.key for f in FITTED if f.key != 'demand.technical_demand_growth_per_year'))")
echo "sampled parameters: $PARAMS"

step() { local name=$1; shift; echo "== $name: $*"; local t0=$SECONDS; "$@" 2>&1 | tee "$OUT/log-$name.txt"; echo "== $name took $((SECONDS - t0)) s"; }

step calibrate $SK calibrate --method history-matching --budget $BUDGET --waves $WAVES --seeds 1 --scale $SCALE --workers 2 \
    --parameters "$PARAMS" --point "$POINT" --out "$OUT" $WRITE $PRED --no-progress
if [ "$SMOKE" = 0 ]; then
    cp "$OUT/report/bayes.md" "$OUT/report/posterior_marginals.png" "$OUT/report/posterior_predictive.csv" \
        "$OUT/report/calibrated_median.toml" "$OUT/report/calibrated_map.toml" calibration/report/
    cp "$OUT/report/run.json" calibration/report/bayes_run.json
fi
if [ "$BACKTEST" = 1 ]; then
    step backtest $SK backtest --cutoff 2018 --budget $BT_BUDGET --waves 2 --scale $BT_SCALE --workers 2 \
        --parameters "$PARAMS" --out "$OUT/backtest-2018" $PRED --no-progress
fi
step done-means $PY scripts/done_means.py --workers 2 $DM_ARGS
if [ "$SMOKE" = 0 ]; then
    step update-baseline $PY scripts/update_baseline.py
fi
echo "final_calibration.sh: done (point $POINT); commit calibration/, tests/baseline/ and the docs"

"""Firms (establishments) and their open vacancies, as arrays.

A firm has a region, a sector and a size weight (its employment at the start). A vacancy
belongs to a firm and a (work region, occupation group) market and remembers the month
it opened, so its age (hard to fill: open more than 3 months) is known.
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S

# vac_review: what the firm decided about an open vacancy
NOT_REVIEWED, KEPT_REQUIREMENTS, LOWERED_REQUIREMENTS = 0, 1, 2


def new_vacancy_ids(markets: np.ndarray) -> np.ndarray:
    """Ids of vacancies that draw together (one month's new ones, the initial ones, or
    those reviewed in a month): market * 2**20 + rank among them in that market (in their
    order). The k-th such vacancy of a market keeps its draws however many other markets
    have."""
    markets = np.asarray(markets, dtype=np.int64)
    order = np.argsort(markets, kind="stable")
    counts = np.bincount(markets, minlength=S.N_MARKETS)
    rank = np.empty(len(markets), dtype=np.int64)
    rank[order] = np.arange(len(markets)) - np.repeat(np.cumsum(counts) - counts, counts)
    return markets * (1 << 20) + rank


class Firms:
    def __init__(self, region: np.ndarray, sector: np.ndarray, size: np.ndarray):
        self.region = region.astype(np.int8)
        self.sector = sector.astype(np.int8)
        self.size = size.astype(np.float64)
        self.n = len(region)
        # open vacancies
        self.vac_firm = np.zeros(0, dtype=np.int32)
        self.vac_market = np.zeros(0, dtype=np.int16)
        self.vac_opened = np.zeros(0, dtype=np.int32)
        self.vac_review = np.zeros(0, dtype=np.int8)  # NOT_REVIEWED, KEPT_REQUIREMENTS or LOWERED_REQUIREMENTS
        # jobs left this month, waiting for a replacement vacancy: (firm, market)
        self._left_firm: list[np.ndarray] = []
        self._left_market: list[np.ndarray] = []

    # --- choosing firms --------------------------------------------------------
    def _build_cdf(self) -> None:
        """One flat array of per-market cumulative firm weights, offset by the market
        index (market m's block runs from m to m + 1), so firms for many markets are
        drawn with one searchsorted."""
        firms_all, cdf_all, starts = [], [], [0]
        for market in range(S.N_MARKETS):
            region, occupation = S.MARKET_REGION[market], S.MARKET_OCCUPATION[market]
            firms = np.flatnonzero(self.region == region)
            weight = self.size[firms] * S.SECTOR_OF_OCCUPATION[self.sector[firms], occupation]
            keep = weight > 0
            firms, weight = firms[keep], np.cumsum(weight[keep])
            firms_all.append(firms)
            # a market without firms (a region without jobs of that kind: possible at a
            # very small --scale) has an empty block; nothing is ever drawn from it
            cdf_all.append(market + weight / weight[-1] if len(weight) else weight)
            starts.append(starts[-1] + len(firms))
        self._cdf_firms = np.concatenate(firms_all)
        self._cdf_flat = np.concatenate(cdf_all)
        self._cdf_start = np.array(starts)

    def choose(self, market: int, count: int, u: np.ndarray) -> np.ndarray:
        """`count` firms for jobs in `market`, drawn in proportion to size x sector fit
        (one uniform each, from the job's or the person's own draws): choose_many for
        one market, searching the market's block of the cumulative weights only (the
        same positions: every earlier block ends at or below `market`, every later one
        starts above market + 1; a search in the block stays in the cache)."""
        if not hasattr(self, "_cdf_flat"):
            self._build_cdf()
        start, stop = int(self._cdf_start[market]), int(self._cdf_start[market + 1])
        keys = market + np.asarray(u) * (1 - 1e-12)
        pos = start + np.searchsorted(self._cdf_flat[start:stop], keys, side="right")
        pos = np.clip(pos, start, stop - 1)
        return self._cdf_firms[pos]

    def choose_many(self, markets: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A firm for each job in `markets`, drawn in proportion to size x sector fit
        (inverse CDF of the job's uniform u)."""
        if not hasattr(self, "_cdf_flat"):
            self._build_cdf()
        u = np.asarray(u) * (1 - 1e-12)
        pos = np.searchsorted(self._cdf_flat, markets + u, side="right")
        pos = np.clip(pos, self._cdf_start[markets], self._cdf_start[markets + 1] - 1)
        return self._cdf_firms[pos]

    # --- vacancies -------------------------------------------------------------
    @property
    def n_vacancies(self) -> int:
        return len(self.vac_market)

    def open_vacancies(self, firms: np.ndarray, markets: np.ndarray, month: int | np.ndarray) -> None:
        self.vac_firm = np.concatenate([self.vac_firm, firms.astype(np.int32)])
        self.vac_market = np.concatenate([self.vac_market, markets.astype(np.int16)])
        opened = np.broadcast_to(np.asarray(month, dtype=np.int32), markets.shape)
        self.vac_opened = np.concatenate([self.vac_opened, opened])
        self.vac_review = np.concatenate([self.vac_review, np.zeros(len(markets), dtype=np.int8)])

    def close_vacancies(self, which: np.ndarray) -> None:
        """Remove vacancies by index (filled or withdrawn)."""
        keep = np.ones(self.n_vacancies, dtype=bool)
        keep[which] = False
        keep = np.flatnonzero(keep)  # (integer gathers: faster than four boolean selections)
        self.vac_firm = self.vac_firm[keep]
        self.vac_market = self.vac_market[keep]
        self.vac_opened = self.vac_opened[keep]
        self.vac_review = self.vac_review[keep]

    def sort_vacancies(self) -> np.ndarray:
        """Sort vacancies by market (oldest first within a market); returns the start
        index of each market's block (length N_MARKETS + 1)."""
        # one stable sort on a combined key: the order of np.lexsort((opened, market))
        key = self.vac_market.astype(np.int64) << 32
        if len(key):
            key += self.vac_opened - self.vac_opened.min()
        order = np.argsort(key, kind="stable")
        self.vac_firm = self.vac_firm[order]
        self.vac_market = self.vac_market[order]
        self.vac_opened = self.vac_opened[order]
        self.vac_review = self.vac_review[order]
        counts = np.bincount(self.vac_market, minlength=S.N_MARKETS)
        return np.concatenate([[0], np.cumsum(counts)])

    def vacancies_by_market(self) -> np.ndarray:
        return np.bincount(self.vac_market, minlength=S.N_MARKETS)

    @property
    def vac_lowered(self) -> np.ndarray:
        """True for the open vacancies whose firm has lowered its requirements."""
        return self.vac_review == LOWERED_REQUIREMENTS

    def due_for_review(self, month: int, review_after_months: int) -> np.ndarray:
        """Indices of the open vacancies open `review_after_months` or more in `month`
        and not yet reviewed."""
        return np.flatnonzero((month - self.vac_opened >= review_after_months) & (self.vac_review == NOT_REVIEWED))

    def decide_review(self, due: np.ndarray, u: np.ndarray, lower_share: float) -> None:
        """Review vacancies `due` once: requirements lowered where their uniform draw u is
        below `lower_share`, kept otherwise."""
        self.vac_review[due] = np.where(u < lower_share, LOWERED_REQUIREMENTS, KEPT_REQUIREMENTS)

    def withdraw_expired(self, month: int, withdraw_after_months: int) -> np.ndarray:
        """Close every vacancy open `withdraw_after_months` or more in `month`; returns
        the markets of the withdrawn vacancies."""
        expired = np.flatnonzero(month - self.vac_opened >= withdraw_after_months)
        markets = self.vac_market[expired].astype(np.int64)
        if len(expired):
            self.close_vacancies(expired)
        return markets

    def review_vacancies(self, month: int, review_after_months: int, withdraw_after_months: int,
                         lower_share: float, rng) -> np.ndarray:
        """The firms' review of their open vacancies in `month`: each vacancy open
        `review_after_months` or more and not yet reviewed gets its requirements lowered
        with probability `lower_share` (the vacancy's own draw from `rng`, the month's
        firms.adapt draws, keyed by new_vacancy_ids); every vacancy open
        `withdraw_after_months` or more is
        closed. Returns the markets of the closed (withdrawn) vacancies."""
        due = self.due_for_review(month, review_after_months)
        if len(due):
            # each vacancy's own draw, keyed by (market, rank among the month's reviewed in that market)
            self.decide_review(due, rng.keyed_uniform(new_vacancy_ids(self.vac_market[due]), "lower_requirements"), lower_share)
        return self.withdraw_expired(month, withdraw_after_months)

    # --- jobs left, to be replaced ----------------------------------------------
    def job_left(self, firms: np.ndarray, markets: np.ndarray) -> None:
        if len(firms):
            self._left_firm.append(firms.astype(np.int32))
            self._left_market.append(markets.astype(np.int16))

    def take_jobs_left(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._left_firm:
            return np.zeros(0, np.int32), np.zeros(0, np.int16)
        firms, markets = np.concatenate(self._left_firm), np.concatenate(self._left_market)
        self._left_firm, self._left_market = [], []
        return firms, markets


def adapt(model) -> None:
    """Firms adapt to vacancies they cannot fill (the first part of the demand step):
    requirements lowered on some long-open vacancies, and the jobs of vacancies open
    `firms.withdrawal_months` given up (desired jobs fall by one each; recorded as
    record.jobs_given_up by market)."""
    par, t = model.params, model.month_index
    if model.firms.n_vacancies == 0:
        return
    given_up = model.firms.review_vacancies(
        t, par.get("firms.requirements_review_months"), par.get("firms.withdrawal_months"),
        par.get("firms.lower_requirements_share"), model.draws("firms.adapt"))
    if len(given_up):
        counts = np.bincount(given_up, minlength=S.N_MARKETS)
        model.desired_jobs = model.desired_jobs - counts
        model.record.jobs_given_up += counts

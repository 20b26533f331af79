"""Regional Ecosystems Scoreboard (European Cluster Observatory, 2017) on a composite-indicator core.

The scoreboard captures the framework conditions of a regional ecosystem, not performance rankings. Its
pieces, all pure functions on tables (files only in :mod:`clusterobs.scoreboard.io`):

1. :mod:`~.framework`: the hierarchy (58 indicators → 17 sub-dimensions → 6 dimensions → RES index) from
   the versioned ``data/framework.yaml``, exposed in COINr's iMeta layout;
2. :mod:`~.compute`: min-max [0, 1] and arithmetic means over available children → every level's scores,
   run on the composite engine (:mod:`clusterobs.composite`);
3. :mod:`~.survey`: stakeholder-survey answers → regional indicators (minimum-respondents rule);
4. :mod:`~.peers`: reference regions by structural similarity (Navarro et al., 2014) or chosen by the user;
5. :mod:`~.elements`: per region and element: value, rank, EU mean, peer mean, colour;
6. :mod:`~.scorecard` and :mod:`~.dashboard`: the published scorecard and the policy action dashboard.
"""

from clusterobs.scoreboard.compute import compute_scores, missing_indicators, res_run
from clusterobs.scoreboard.dashboard import PolicyAction, PolicyActions, policy_dashboard
from clusterobs.scoreboard.elements import COLOURS, element_table, status_colours
from clusterobs.scoreboard.framework import Element, Framework, framework_from_dict, framework_from_imeta
from clusterobs.scoreboard.io import (
    load_framework,
    load_peer_blocks,
    load_policy_actions,
    read_survey_csv,
    write_csv,
    write_scorecard_xlsx,
)
from clusterobs.scoreboard.peers import (
    PeerBlocks,
    PeerResult,
    choose_peers,
    find_peers,
    structural_distances,
)
from clusterobs.scoreboard.scorecard import scorecard
from clusterobs.scoreboard.survey import SurveyIndicators, aggregate_survey, exclude_survey_indicators

__all__ = [
    "COLOURS",
    "Element",
    "Framework",
    "PeerBlocks",
    "PeerResult",
    "PolicyAction",
    "PolicyActions",
    "SurveyIndicators",
    "aggregate_survey",
    "choose_peers",
    "compute_scores",
    "element_table",
    "exclude_survey_indicators",
    "find_peers",
    "framework_from_dict",
    "framework_from_imeta",
    "load_framework",
    "load_peer_blocks",
    "load_policy_actions",
    "missing_indicators",
    "policy_dashboard",
    "read_survey_csv",
    "res_run",
    "scorecard",
    "status_colours",
    "structural_distances",
    "write_csv",
    "write_scorecard_xlsx",
]

"""Decide stage: which findings are redacted, on which Woo ground, and why.

``policy`` judges one finding in its page; ``registry`` clusters name mentions into persons;
``phases`` runs both over the whole set, in order, and merges the redactions.
"""

from woo_redact.decide.phases import SetDecisions, decide_set
from woo_redact.decide.policy import Policy
from woo_redact.decide.registry import Person, Registry

__all__ = ["Person", "Policy", "Registry", "SetDecisions", "decide_set"]

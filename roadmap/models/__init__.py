"""The relational model of the roadmap: constraints live in the schema, rules in services.

One module per part of the schema; import the models from here.
"""
from .editions import Edition
from .actions import ActionAddressee, ActionUpdate, GapAction, action_work_items
from .liaison import LiaisonRecipient, LiaisonStatement
from .accounts import AccountSession, ApiToken, PasswordReset, User, user_organizations
from .register import RegisterEntry, RegisterLead, RegisterUpdate, register_topics
from .roadmap import (REQUIRED, Committee, Equivalence, Mapping, Organization, Topic,
                      TopicDependency, WorkItem, dependency_codes)
from .state import AuditRecord, RevisionChange, RoadmapState, SharedResult
from .throttle import LimitCounter, LimitHit

__all__ = ["ActionAddressee", "ActionUpdate", "GapAction", "action_work_items",
           "LiaisonRecipient", "LiaisonStatement", "AccountSession", "Edition", "ApiToken", "LimitCounter", "LimitHit", "PasswordReset", "AuditRecord", "Committee", "Equivalence", "Mapping", "Organization",
           "RegisterEntry", "RegisterLead", "RegisterUpdate", "RevisionChange", "RoadmapState",
           "SharedResult", "Topic",
           "TopicDependency", "User", "REQUIRED", "WorkItem", "dependency_codes", "register_topics",
           "user_organizations"]

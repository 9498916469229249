# Case 95 — the smallest valid clan: only `meta.name` (clan-semantics §3.2, §11: built-in tag
# lists always present and empty, no machines, no instances).
{ meta.name = "empty"; }

"""`palermo serve`: the published site with content negotiation and a read-only SPARQL endpoint.

One module per concern: `negotiation` (media types, Accept), `guard` (what a query may do,
decided on rdflib's parse of it), `runner` (a process per query with its limits: time, rows,
bytes, memory, no network), `app` (HTTP on Werkzeug: the site, the SPARQL protocol, CORS, caching),
`server` (the production WSGI server it runs on: cheroot, with a clock per request and per answer).
"""

from palermo.graph.serve.app import PalermoServer, make_server, serve
from palermo.graph.serve.guard import Refused, check
from palermo.graph.serve.negotiation import negotiate
from palermo.graph.serve.runner import Job, Limits, answer, deny_network, execute, worker

__all__ = [
    "Job",
    "Limits",
    "PalermoServer",
    "Refused",
    "answer",
    "check",
    "deny_network",
    "execute",
    "make_server",
    "negotiate",
    "serve",
    "worker",
]

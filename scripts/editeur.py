#!/usr/bin/env python3
"""The web editor on this computer: `make editeur`.

Starts decap-server in fs mode on the repository (see bouquet.cms.local_backend: it
writes only the files the editor saves, runs no git command, and answers only this
computer), then `mkdocs serve`; open http://127.0.0.1:8000/admin/ and click
« Se connecter ». Saving writes content/experiences/<slug>.md (and uploaded images in
content/images/) directly: review it with `git status` / `make check`, commit it
yourself. Ctrl+C stops both.

    python scripts/editeur.py [--port-cms 8081] [--no-serve]
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from bouquet import cms

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Éditeur web local (Decap CMS sur les fichiers du dépôt).")
    parser.add_argument("--repo", type=Path, default=ROOT, help="dépôt dont l'éditeur modifie les fichiers")
    parser.add_argument("--no-serve", action="store_true", help="ne pas lancer mkdocs serve (serveur de l'éditeur seul)")
    args = parser.parse_args(argv)
    if not cms.LOCAL_SERVER.is_file():
        print(f"decap-server introuvable ({cms.LOCAL_SERVER}) : lancez `npm ci --prefix tools/cms`.", file=sys.stderr)
        return 1
    command, env = cms.local_backend(args.repo)
    print(f"Éditeur local : les enregistrements écrivent directement dans {args.repo / 'content'} "
          "(aucune commande git). Ouvrez http://127.0.0.1:8000/admin/ puis « Se connecter ».", flush=True)
    backend = subprocess.Popen(command, env={**os.environ, **env})
    try:
        if args.no_serve:
            return backend.wait()
        return subprocess.call([sys.executable, "-m", "mkdocs", "serve"], cwd=ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        if backend.poll() is None:
            backend.send_signal(signal.SIGTERM)
            backend.wait()


if __name__ == "__main__":
    sys.exit(main())

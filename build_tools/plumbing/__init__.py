"""Plumbing, at the ground beside the model: knows nothing of monographs.

Gives what any stage that writes files or runs on several cores needs: atomic file and folder
replacement (``files``), an ordered map over a process pool (``parallel``) and the options every
command shares (``cmdline``). Imports nothing else of the project.
"""

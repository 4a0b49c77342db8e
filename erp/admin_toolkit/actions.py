"""An entry of ModelAdmin.get_actions() on either Django release the project runs on.

Django 5.2 gives a (func, name, description) tuple; 6.1 gives an `Action` with the same three as attributes
(and more), and deprecates indexing or unpacking it (RemovedInDjango2028Warning).
"""

from collections.abc import Callable


def action_parts(action) -> tuple[Callable, str, str]:
    """The function, name and description of one of get_actions()' values, whichever shape it has."""
    if isinstance(action, tuple):
        return action
    return action.func, action.name, action.description

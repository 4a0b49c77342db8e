"""An entry of ModelAdmin.get_actions() on either Django release the project runs on.

Django 5.2 gives a (func, name, description) tuple; 6.1 gives an `Action` with the same three as attributes
(and more), and deprecates indexing or unpacking it (RemovedInDjango2028Warning).
"""

import dataclasses
from collections.abc import Callable


def action_parts(action) -> tuple[Callable, str, str]:
    """The function, name and description of one of get_actions()' values, whichever shape it has."""
    if isinstance(action, tuple):
        return action
    return action.func, action.name, action.description


def with_func(action, func: Callable):
    """The same action running `func`, in the shape it came in: a tuple on 5.2, a copy of the `Action` (its
    other fields kept) on 6.1."""
    if isinstance(action, tuple):
        return (func, *action[1:])
    return dataclasses.replace(action, func=func)


def location_kwargs(action_location) -> dict:
    """The keyword arguments for super().get_actions(): 6.1's `action_location` (the changelist's actions or
    the change form's) where one was given; 5.2 has no such parameter."""
    return {} if action_location is None else {"action_location": action_location}

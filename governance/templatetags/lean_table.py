"""`{% lean_table table as lean %}`: a table's header cells and page rows for `tables/lean_table.html`."""

from django import template

from governance import lean_table as lean

register = template.Library()


@register.simple_tag
def lean_table(table):
    return lean.lean_table(table)

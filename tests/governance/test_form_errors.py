"""governance.forms.add_service_errors: a service's ValidationError lands on the form's own fields, the rest
on the form as a whole."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from governance.exceptions import ConcurrentEditError
from governance.forms import add_service_errors


class AmountForm(forms.Form):
    amount = forms.DecimalField()
    year = forms.IntegerField()


def bound() -> AmountForm:
    form = AmountForm({"amount": "5", "year": "2027"})
    assert form.is_valid()
    return form


def test_field_errors_go_to_their_fields_and_the_rest_to_the_form():
    form = bound()
    add_service_errors(
        form,
        ValidationError(
            {
                "amount": ["Too large.", "Not a whole krona."],
                "owner": "Choose an owner.",  # a field the form does not have
                NON_FIELD_ERRORS: "The plan year is locked.",
            }
        ),
    )
    assert form.errors["amount"] == ["Too large.", "Not a whole krona."]
    assert form.non_field_errors() == ["Choose an owner.", "The plan year is locked."]
    assert "year" not in form.errors and "amount" not in form.cleaned_data


def test_a_message_or_a_list_goes_to_the_form():
    form = bound()
    add_service_errors(form, ValidationError(["First.", "Second."]))
    add_service_errors(form, ConcurrentEditError("Someone else saved first."))
    assert form.non_field_errors() == ["First.", "Second.", "Someone else saved first."]
    assert list(form.errors) == [NON_FIELD_ERRORS]

"""Form plumbing every app uses: Bootstrap styling, accessible errors, and concurrent-edit checks."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .exceptions import ConcurrentEditError
from .services import versioned_save


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class AccessibleBoundField(BoundField):
    """Ties a field's error message to its input with aria-describedby."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.is_bound and self.errors and not widget.is_hidden:
            # Django names the error in aria-describedby itself, except for widgets in a fieldset: once.
            described = (attrs.get("aria-describedby") or "").split()
            if self.auto_id and f"{self.auto_id}_error" not in described:
                described.append(f"{self.auto_id}_error")
            if described:
                attrs["aria-describedby"] = " ".join(described)
            attrs["aria-invalid"] = "true"
            # Added to the widget's own classes (form-control, form-select), which these attrs replace.
            classes = (attrs.get("class") or widget.attrs.get("class", "")).split()
            attrs["class"] = " ".join([*classes, "is-invalid"] if "is-invalid" not in classes else classes)
        return attrs


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return ""
    if isinstance(widget, (forms.Select, forms.SelectMultiple)):
        return "form-select"
    return "form-control"


class StyledFormMixin:
    bound_field_class = AccessibleBoundField
    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = _css_class(field.widget)
            if css:
                field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


class VersionedModelForm(StyledModelForm):
    """A model form for a `VersionedModel`: carries the version the user started from.

    Call `save_versioned()` instead of `save()`; on a concurrent edit it adds a form error and
    returns None, leaving everything the user typed in the bound form.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def save_versioned(self, commit_m2m: bool = True):

        instance = super().save(commit=False)
        try:
            versioned_save(instance=instance, expected_version=self.cleaned_data.get("expected_version") or 1)
        except ConcurrentEditError as exc:
            self.add_error(None, exc)
            return None
        if commit_m2m:
            self.save_m2m()
        return instance


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on `form`: the errors of fields the form has on those fields, the
    rest (other fields', and those without a field) on the form as a whole."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ConfirmForm(StyledForm):
    """An explicit confirmation before something destructive."""

    confirm = forms.BooleanField(label=_("Yes, I am sure"), required=True)

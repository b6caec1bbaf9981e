from django.utils import timezone
from django.views.generic import TemplateView

from ..models import Notification
from ..obligations import obligations_for
from ..selectors import my_groups, next_meetings


class MyWorkView(TemplateView):
    """The signed-in person's home: what they owe, what is due soon, their groups and those groups' next
    meetings, and their notifications."""

    template_name = "governance/my_work.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        owed = obligations_for(today=today, user=self.request.user)
        ctx["today"] = today
        ctx["overdue"] = [o for o in owed if o.is_overdue(today)]
        ctx["due_soon"] = [o for o in owed if not o.is_overdue(today)]
        ctx["my_memberships"] = my_groups(user=self.request.user, today=today)
        ctx["next_meetings"] = next_meetings(group_ids={m.group_id for m in ctx["my_memberships"]})
        ctx["notifications"] = Notification.objects.filter(user=self.request.user).order_by("-created_at")[:20]
        return ctx

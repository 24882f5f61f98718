"""The trivial view every page is compared with: one indexed query, a tiny response."""

from django.http import JsonResponse

from suggestions.models import Suggestion


def trivial(request):
    row = (
        Suggestion.objects.filter(pk=request.GET.get("pk") or 1).values_list("pk", "status").first()
    )
    return JsonResponse({"pk": row[0] if row else None, "status": row[1] if row else None})

"""Gate workflows: entries and exits that alternate per person, blocked people refused, daily sessions,
and going out during the day and coming back."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from erp.core import wording
from erp.core.transitions import Transitions, clean_changed, locked

from .models import GateEntryLog, GateEntrySession, GateUser, GoingOutLog

Action = GateEntryLog.Action
OUTING_TRANSITIONS = Transitions({GoingOutLog.Status.OUT: {GoingOutLog.Status.RETURNED}})


def gate_last_passage(*, user: GateUser) -> GateEntryLog | None:
    """The person's last completed entry or exit: it decides what may come next."""
    return (GateEntryLog.objects.filter(user=user, status=GateEntryLog.Status.COMPLETED)
            .order_by("-timestamp", "-id").first())


def gate_check_passage(*, user: GateUser, action: str, at: dt.datetime | None = None) -> GateEntryLog | None:
    """Refuse an entry after an entry, or an exit without an entry; returns the last passage."""
    if user.status == GateUser.Status.INACTIVE:
        raise ValidationError(f"{user} is inactive: reactivate the gate user before recording passages.")
    last = gate_last_passage(user=user)
    if action == Action.ENTRY and last is not None and last.action == Action.ENTRY:
        raise ValidationError(f"{user} is already inside (entered at {_when(last.timestamp)}): record an exit first.")
    if action == Action.EXIT and (last is None or last.action != Action.ENTRY):
        left = f" (left at {_when(last.timestamp)})" if last is not None else ""
        raise ValidationError(f"{user} is not inside{left}: an exit needs an entry first.")
    if at is not None and last is not None and last.timestamp and at < last.timestamp:
        raise ValidationError(f"{user}: the time is before the last recorded passage (at {_when(last.timestamp)}).")
    return last


# A log keeps the person's name and phone as their record has them: a legacy record's value that today's rules
# refuse (a blank phone) is the person's to correct, and must not stop them at the gate.
COPIED_FROM_THE_PERSON = ["user_name", "user_phone"]


def _when(moment: dt.datetime | None) -> str:
    return wording.moment(moment)


def _log(user: GateUser, *, action: str, at: dt.datetime, status: str, method: str, details: str | None,
         **times) -> GateEntryLog:
    log = GateEntryLog(user=user, user_name=user.name, user_phone=user.phone, action=action, method=method,
                       details=details, status=status, timestamp=at, **times)
    log.full_clean(exclude=COPIED_FROM_THE_PERSON)
    log.save()
    return log


def _gate_pass(*, user: GateUser, action: str, at: dt.datetime | None, method: str,
               details: str | None) -> GateEntryLog:
    at = at or timezone.now()
    with transaction.atomic():
        user = locked(user)
        if user.status == GateUser.Status.BLOCKED:
            # The attempt is kept for the record; nothing else about the person changes.
            return _log(user, action=action, at=at, status=GateEntryLog.Status.BLOCKED, method=method,
                        details=details or f"{action.capitalize()} refused: the gate user is blocked.")
        last = gate_check_passage(user=user, action=action, at=at)
        if action == Action.ENTRY:
            log = _log(user, action=action, at=at, status=GateEntryLog.Status.COMPLETED, method=method,
                       details=details, entry_time=at)
            user.last_entry = at
            day = timezone.localtime(at).date()
            session = GateEntrySession.objects.select_for_update().filter(user=user, date=day).first()
            if session is None:
                session = GateEntrySession(user=user, user_name=user.name, user_phone=user.phone, date=day,
                                           entry_time=at)
            # Back in after an exit the same day: inside again; the first entry time stays.
            session.status, session.exit_time, session.last_action_time = GateEntrySession.Status.INSIDE, None, at
        else:
            log = _log(user, action=action, at=at, status=GateEntryLog.Status.COMPLETED, method=method,
                       details=details, exit_time=at)
            user.last_exit = at
            entered = last.timestamp or at
            # The exit closes the session of the day the person came in (a night shift ends the next day).
            day = timezone.localtime(entered).date()
            session = GateEntrySession.objects.select_for_update().filter(user=user, date=day).first()
            if session is None:
                session = GateEntrySession(user=user, user_name=user.name, user_phone=user.phone, date=day,
                                           entry_time=entered)
            session.status, session.exit_time, session.last_action_time = GateEntrySession.Status.EXITED, at, at
        clean_changed(user)
        user.save(update_fields=["last_entry", "last_exit", "updated_at"])
        clean_changed(session, exclude=COPIED_FROM_THE_PERSON)
        if session.pk is None:
            session.save()
        else:  # a written session: the passage moves only these on (gate.models.GateEntrySession.lifecycle)
            session.save(update_fields=["status", "exit_time", "last_action_time", "updated_at"])
    return log


def gate_entry_record(*, user: GateUser, at: dt.datetime | None = None,
                      method: str = GateEntryLog.Method.MANUAL, details: str | None = None) -> GateEntryLog:
    """A person comes in. A blocked person is refused: the returned log has status `blocked`."""
    return _gate_pass(user=user, action=Action.ENTRY, at=at, method=method, details=details)


def gate_exit_record(*, user: GateUser, at: dt.datetime | None = None,
                     method: str = GateEntryLog.Method.MANUAL, details: str | None = None) -> GateEntryLog:
    """A person goes out. A blocked person is refused: the returned log has status `blocked`."""
    return _gate_pass(user=user, action=Action.EXIT, at=at, method=method, details=details)


def going_out_check(*, user: GateUser) -> None:
    if user.status != GateUser.Status.ACTIVE:
        raise ValidationError(f"{user} is {user.get_status_display().lower()}: cannot go out through the gate.")
    open_outing = GoingOutLog.objects.filter(user=user, status=GoingOutLog.Status.OUT).first()
    if open_outing:
        raise ValidationError(
            f"{user} is already out since {_when(open_outing.going_out_time)}: record the return first."
        )


def going_out_start(*, user: GateUser, reason_type: str, reason_details: str | None = None,
                    at: dt.datetime | None = None) -> GoingOutLog:
    """A person goes out during the day; only one open outing per person."""
    at = at or timezone.now()
    with transaction.atomic():
        user = locked(user)
        going_out_check(user=user)
        outing = GoingOutLog(user=user, user_name=user.name, user_phone=user.phone, reason_type=reason_type,
                             reason_details=reason_details, going_out_time=at, status=GoingOutLog.Status.OUT,
                             timestamp=at)
        outing.full_clean(exclude=COPIED_FROM_THE_PERSON)
        outing.save()
    return outing


def going_out_return(*, outing: GoingOutLog, at: dt.datetime | None = None) -> GoingOutLog:
    """The person is back: the return time and the minutes away are recorded."""
    at = at or timezone.now()
    with transaction.atomic():
        outing = locked(outing)
        OUTING_TRANSITIONS.check(outing, to=GoingOutLog.Status.RETURNED, verb="record the return of")
        if at < outing.going_out_time:
            raise ValidationError(f"“{outing}”: the return cannot be before going out.")
        minutes = Decimal((at - outing.going_out_time).total_seconds()) / 60
        outing.status, outing.coming_back_time = GoingOutLog.Status.RETURNED, at
        outing.duration_minutes = minutes.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        clean_changed(outing)
        # A written log: the return completes only these (gate.models.GoingOutLog.lifecycle).
        outing.save(update_fields=["status", "coming_back_time", "duration_minutes", "updated_at"])
        return outing


# ---------------------------------------------------------------- a person's photo, taken at the gate

PHOTO_MAX_UPLOAD = 15 * 1024 * 1024  # what a phone camera sends, before it is made small
PHOTO_SIZE = (640, 640)


def gate_user_set_photo(*, user: GateUser, image: bytes) -> GateUser:
    """The person's photo, from the phone's camera: any JPEG, PNG or WebP, turned upright, made at most
    640 px and stored as a base64 JPEG (the legacy format of the field). Anything else is refused."""
    import base64
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    if not image:
        raise ValidationError({"photo": "No photo was sent: take one with the camera, then save."})
    if len(image) > PHOTO_MAX_UPLOAD:
        raise ValidationError({"photo": f"The photo is {len(image) / 1048576:.0f} MB; at most 15 MB is accepted."})
    try:
        with Image.open(io.BytesIO(image)) as picture:
            if picture.format not in ("JPEG", "PNG", "WEBP"):
                raise ValidationError({"photo": "That file is not a photo (JPEG, PNG or WebP)."})
            picture = ImageOps.exif_transpose(picture).convert("RGB")
            picture.thumbnail(PHOTO_SIZE)
            out = io.BytesIO()
            picture.save(out, format="JPEG", quality=82)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise ValidationError({"photo": "That file is not a photo that can be read (JPEG, PNG or WebP)."}) from error
    with transaction.atomic():
        user = locked(user)
        user.photo = base64.b64encode(out.getvalue()).decode("ascii")
        user.save(update_fields=["photo", "updated_at"])
    return user

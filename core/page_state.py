"""Where a demo page's settings start from: a shared link, else the latest finished run, else the defaults.

- A shared link carries the page's settings in its query string (`?epochs=6&lr=0.01&seed=3`). Only fields
  that differ from the defaults are written, plus `seed` whenever the config has one, so links stay short and
  a copied URL reproduces the same run key. Each value is checked on its own: a bad one (unknown name, wrong
  type, out of range) is dropped and named, and the rest still apply.
- The app-wide parameters `lang` and `present` are checked the same way (`bad_app_params`): a bad value is
  dropped and named in the same note.
- Without a link, a page opens on a finished run when one exists (the audience never waits): the run with the
  default settings if it is finished, else the most recently finished run of that demo.
Headless: the Streamlit side is core/ui/config_form.py.
"""

from __future__ import annotations

from core.config import ConfigError, config_to_dict, field_specs, make_config
from core.i18n import LANGUAGES

SEED_FIELD = "seed"
# App-wide query parameters (presentation mode, language), not settings: name -> its valid values.
APP_PARAMS = {"present": ("0", "1", "true", "false"), "lang": tuple(LANGUAGES)}


def settings_from_query(cfg_cls, params: dict[str, str], hidden: tuple[str, ...] = ()) -> tuple[dict, list[str]]:
    """(valid field values, names of the parameters that were ignored) from a page's query parameters.
    Parameters that are not config fields of this demo (or are hidden fields, e.g. an upload's id) are ignored."""
    specs = {spec["name"]: spec for spec in field_specs(cfg_cls)}
    values, ignored = {}, []
    for name, raw in params.items():
        if name not in specs or name in hidden:
            ignored.append(name)
            continue
        try:
            values[name] = getattr(make_config(cfg_cls, {name: raw}), name)
        except ConfigError:
            ignored.append(name)
    # Fields can constrain each other (a config's own validation); fall back to defaults if the set fails.
    try:
        make_config(cfg_cls, values)
    except ConfigError:
        return {}, sorted(params)
    return values, sorted(ignored)


def bad_app_params(params: dict[str, str]) -> list[str]:
    """Names of the app-wide parameters in `params` whose value is not one of theirs (`?lang=fr`), sorted."""
    return sorted(name for name, valid in APP_PARAMS.items() if name in params and params[name] not in valid)


def query_from_config(cfg, hidden: tuple[str, ...] = ()) -> dict[str, str]:
    """The query parameters that reproduce `cfg`: non-default fields, plus the seed, as strings."""
    defaults = config_to_dict(make_config(type(cfg)))
    query = {}
    for name, value in config_to_dict(cfg).items():
        if name in hidden or (value == defaults[name] and name != SEED_FIELD):
            continue
        query[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return query


def opening_settings(store, demo, hidden_values: dict | None = None) -> dict | None:
    """The config values of the finished run a page should open on, or None (then the defaults apply).
    Runs whose hidden fields differ from the page's current ones (another visitor's upload) are skipped."""
    defaults = config_to_dict(demo.config())
    hidden_values = hidden_values or {}
    latest, latest_time = None, float("-inf")
    for key in store.keys():
        record = store.read_config(key) or {}
        values = record.get("config")
        if record.get("demo") != demo.name or not isinstance(values, dict):
            continue
        if any(values.get(name) != value for name, value in hidden_values.items()):
            continue
        meta = store.read_meta(key) or {}
        if meta.get("status") != "done" or store.status(key) != "done":
            continue
        if values == defaults:
            return values
        finished = meta.get("finished") or 0
        if finished > latest_time:
            latest, latest_time = values, finished
    if latest is None:
        return None
    try:
        return config_to_dict(make_config(demo.config_cls, latest))
    except ConfigError:  # a run from an older version of the config: not worth opening on
        return None

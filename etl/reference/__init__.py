"""Reference data shipped with incidentdb as version-controlled data files.

* ``actors.toml``: the actor dictionary (militant groups, states, government bodies) with
  every alias and transliteration that maps to each canonical name.
* the gazetteer supplement and dataset crosswalks live beside it.

Loaders here are pure (read a packaged file, return records) and cached, so extraction can
use them without a database and the seed step can load the same data into one.
"""

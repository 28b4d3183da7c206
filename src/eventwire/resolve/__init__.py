"""Resolution of what the text names: places onto the map, times onto the calendar, actors onto one name."""

let enabled = false; port = null; in assert enabled -> port != null; "ok"

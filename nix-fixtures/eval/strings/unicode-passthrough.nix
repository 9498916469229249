"héllo wörld ✓"

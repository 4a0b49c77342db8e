"""A table whose pending migration needs INSTANT, INPLACE and COPY changes, for the preview tests."""

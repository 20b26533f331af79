"""The observatory's web pages: Jinja templates rendered on the server, our CSS and JS, Plotly's bundle."""

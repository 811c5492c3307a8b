"""The modelrec wizard (Streamlit), started by ``modelrec ui``; the only package that imports
streamlit."""

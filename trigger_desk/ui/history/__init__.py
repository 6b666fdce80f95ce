"""History: the table, its model and filters, a call's details, actions on calls."""

"""The Kota Bekasi demo data and demo users (``manage.py load_demo``): the top layer, which may
use every app (the plan in ``plan``, revenue and funding in ``money``) and which no app imports."""

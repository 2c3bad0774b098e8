import pytest


@pytest.fixture
def demo_plan(module_demo_plan):
    """Every module here reads the demo: loaded once a module, each test's writes rolled back."""
    return module_demo_plan

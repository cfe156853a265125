from __future__ import annotations

import pytest


@pytest.fixture
def joint_data(seed_programme):
    """The default joint data as `kkr load_joint` loads it."""
    from kkrmonitor.joint.defaults import load_reference_joint

    return load_reference_joint()


@pytest.fixture
def it_joint(joint_data):
    from kkrmonitor.joint.defaults import IT_TITLE
    from kkrmonitor.joint.models import JointInitiative

    return JointInitiative.objects.get(initiative__title=IT_TITLE)

"""Prints the app's model as MySQL DDL, for migration-gate's --model-command.

Each table's CREATE TABLE comes after a `-- file:` line naming the module that maps it, so that drift is
annotated on the class and the column there.
"""
import inspect
import os

from sqlalchemy import create_mock_engine
from sqlalchemy.schema import CreateTable

from todobox.models import Base

files = {mapper.local_table.name: inspect.getsourcefile(mapper.class_) for mapper in Base.registry.mappers}


def dump(statement, *multiparams, **params):
    if isinstance(statement, CreateTable) and statement.element.name in files:
        print(f"-- file: {os.path.relpath(files[statement.element.name])}")
    print(f"{str(statement.compile(dialect=engine.dialect)).strip()};")


engine = create_mock_engine("mysql+pymysql://", dump)
Base.metadata.create_all(engine, checkfirst=False)

-- One database per service (see deploy/infra Infrastructure.DATABASES); run once by the postgres image on an empty volume.
CREATE DATABASE missions;
CREATE DATABASE observations;
CREATE DATABASE reports;
